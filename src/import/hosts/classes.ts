// PCI class code (base class and subclass, as `esxcli hardware pci list` prints "Device Class:
// 0x0200" and lspci "[0200]") → the device class a Strata HCL keys its rules on. Classes not
// listed (bridges, USB, SMBus, system peripherals, memory controllers, ...) are not imported:
// no HCL certifies them.
//
//   0x0200–0x02ff  nic                 Ethernet, InfiniBand and other network controllers
//   0x0108         ssd                 NVM Express: the drive is the PCI device (vSAN HCL "ssd")
//   0x0100–0x0107,
//   0x0180         storage_controller  SCSI, IDE, RAID, ATA, SATA (AHCI), SAS, other mass storage
//                                      (vSAN HCL "controller")
//   0x0c04         fc_hba              Fibre Channel
//   0x0302, 0x0380 gpu                 3D and other display controllers
//   0x0300         gpu                 VGA, except the BMC's on-board VGA (Matrox 102b, ASPEED 1a03)
//   0x0b40, 0x1200 accelerator         co-processors, processing accelerators

const BMC_VGA_VENDORS = new Set(['102b', '1a03']);

export const PCI_CLASS_TABLE: readonly { codes: string; class: string }[] = [
  { codes: '0x0200-0x02ff', class: 'nic' },
  { codes: '0x0108', class: 'ssd' },
  { codes: '0x0100-0x0107, 0x0180', class: 'storage_controller' },
  { codes: '0x0c04', class: 'fc_hba' },
  { codes: '0x0300 (not 102b/1a03), 0x0302, 0x0380', class: 'gpu' },
  { codes: '0x0b40, 0x1200', class: 'accelerator' },
];

/** `code` is base class << 8 | subclass; undefined: not a device class Strata imports. */
export function deviceClass(code: number, vid: string): string | undefined {
  const base = code >> 8;
  if (base === 0x02) return 'nic';
  if (code === 0x0108) return 'ssd';
  if ((code >= 0x0100 && code <= 0x0107) || code === 0x0180) return 'storage_controller';
  if (code === 0x0c04) return 'fc_hba';
  if (code === 0x0302 || code === 0x0380) return 'gpu';
  if (code === 0x0300) return BMC_VGA_VENDORS.has(vid) ? undefined : 'gpu';
  if (code === 0x0b40 || code === 0x1200) return 'accelerator';
  return undefined;
}

/** "0x0200", "0200", "0x020000" (with programming interface) → 0x0200. */
export function classCode(text: string): number | undefined {
  const m = /^(?:0x)?([0-9a-f]{4}|[0-9a-f]{6})$/i.exec(text.trim());
  if (!m) return undefined;
  const n = parseInt(m[1]!, 16);
  return m[1]!.length === 6 ? n >> 8 : n;
}

// Linux `lspci -vvnn` / `lspci -nn -v` / `lspci -n -v` output, for hosts inventoried before
// ESXi was installed. Each device starts at an unindented line with its address:
//   3b:00.0 Ethernet controller [0200]: Intel Corporation Ethernet Controller X710 [8086:1572] (rev 02)
//   3b:00.0 0200: 8086:1572 (rev 02)                                   (-n)
// and an indented "Subsystem:" line gives the subsystem ids ([1028:1f99], or 1028:1f99 with -n).
import { normaliseAddress } from './esxcli.js';
import type { Line } from './sections.js';

export interface LspciDevice {
  address: string;
  line: number;
  /** undefined when the header line could not be read */
  vid?: string;
  did?: string;
  classCode?: number;
  svid?: string;
  ssid?: string;
  driver?: string;
  description: string;
}

const HEAD = /^((?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\s+(.*)$/i;
// -nn: "Class name [0200]: Vendor Device [8086:1572] (rev 02) (prog-if 02 [NVM Express])"
const NN_CLASS = /\[([0-9a-f]{4})\]:/i;
const NN_IDS = /\[([0-9a-f]{4}):([0-9a-f]{4})\](?=(?:\s*\((?:rev|prog-if)[^)]*\))*\s*$)/i;
// -n: "0200: 8086:1572 (rev 02)"
const N_ONLY = /^([0-9a-f]{4}):\s+([0-9a-f]{4}):([0-9a-f]{4})\b/i;

export function lspciDevices(lines: readonly Line[]): LspciDevice[] {
  const out: LspciDevice[] = [];
  let current: LspciDevice | undefined;
  for (const { text, no } of lines) {
    const head = /^\S/.test(text) ? HEAD.exec(text) : null;
    if (head) {
      const rest = head[2]!;
      current = { address: normaliseAddress(head[1]!.includes(':', 3) ? head[1]! : `0000:${head[1]}`), line: no, description: rest };
      const n = N_ONLY.exec(rest);
      if (n) {
        current.classCode = parseInt(n[1]!, 16);
        current.vid = n[2]!.toLowerCase();
        current.did = n[3]!.toLowerCase();
      } else {
        const cls = NN_CLASS.exec(rest);
        const ids = NN_IDS.exec(rest.replace(/\(prog-if [^)]*\)/g, (s) => s.replace(/\[[^\]]*\]/g, '')));
        if (cls) current.classCode = parseInt(cls[1]!, 16);
        if (ids) {
          current.vid = ids[1]!.toLowerCase();
          current.did = ids[2]!.toLowerCase();
        }
      }
      out.push(current);
      continue;
    }
    if (!current) continue;
    const sub = /^\s+Subsystem:\s*(.*)$/.exec(text);
    if (sub) {
      const ids = /\[([0-9a-f]{4}):([0-9a-f]{4})\]\s*$/i.exec(sub[1]!) ?? /^([0-9a-f]{4}):([0-9a-f]{4})\s*$/i.exec(sub[1]!);
      if (ids) {
        current.svid = ids[1]!.toLowerCase();
        current.ssid = ids[2]!.toLowerCase();
      }
      continue;
    }
    const drv = /^\s+Kernel driver in use:\s*(\S+)/.exec(text);
    if (drv) current.driver = drv[1]!;
  }
  return out;
}

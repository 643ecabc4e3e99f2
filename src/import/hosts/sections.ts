// Splitting collected command output into hosts and sections.
//
// A file holds one host or several. Markers (each alone on a line):
//   ### host esx-01                      starts a host (needed only to put several hosts in one file)
//   ### esxcli hardware pci list         starts the output of that command
//   [root@esx-01:~] esxcli ...           an ESXi shell prompt line counts as a section marker too,
//                                        and names the host when no `### host` line did
// A host with no name takes the file's name without its extension.
import * as path from 'node:path';
import type { LineProblem } from './problems.js';

export type SectionKind =
  | 'platform'
  | 'dmidecode'
  | 'pci'
  | 'lspci'
  | 'nic'
  | 'nic_list'
  | 'adapters'
  | 'nvme'
  | 'components'
  | 'vibs'
  | 'baseimage';

export interface Line {
  text: string;
  /** 1-based line number in the file */
  no: number;
}

export interface Section {
  kind: SectionKind;
  command: string;
  /** the marker's line */
  line: number;
  /** `-n vmnic0` of `nic get`, `-A vmhba2` of `nvme device get` */
  target?: string;
  lines: Line[];
}

export interface HostText {
  name: string;
  file: string;
  line: number;
  sections: Section[];
}

const HOST_MARKER = /^###\s+host\s*(.*)$/i;
const SECTION_MARKER = /^###\s+(.*\S)\s*$/;
// `[root@esx-01:~] esxcli ...` (ESXi shell); `root@node1:~# lspci -vvnn` (Linux).
const ESXI_PROMPT = /^\[[^@\]\s]+@([^:\]\s]+)[^\]]*\]\s*(.*)$/;
const LINUX_PROMPT = /^[^@\s]+@([^:\s]+):[^#$]*[#$]\s*(.*)$/;

/** The section kind of a command line, or undefined when Strata does not read that command. */
export function sectionKind(command: string): { kind: SectionKind; target?: string } | undefined {
  const words = command
    .trim()
    .replace(/^(sudo\s+)?/, '')
    .split(/\s+/);
  let cmd = words.join(' ');
  cmd = cmd.replace(/^localcli\b/, 'esxcli').replace(/^esxcli(\s+--formatter[= ]\S+|\s+--debug)*\s+/, 'esxcli ');
  const has = (prefix: string) => cmd === prefix || cmd.startsWith(prefix + ' ');
  if (has('esxcli hardware platform get')) return { kind: 'platform' };
  if (has('esxcli hardware pci list')) return { kind: 'pci' };
  if (has('esxcli network nic list')) return { kind: 'nic_list' };
  if (has('esxcli network nic get')) return { kind: 'nic', target: option(cmd, ['-n', '--nic-name']) };
  if (has('esxcli storage core adapter list')) return { kind: 'adapters' };
  if (has('esxcli nvme device get')) return { kind: 'nvme', target: option(cmd, ['-A', '--adapter']) };
  if (has('esxcli software component list')) return { kind: 'components' };
  if (has('esxcli software vib list')) return { kind: 'vibs' };
  if (has('esxcli software baseimage get')) return { kind: 'baseimage' };
  if (/^(\S*\/)?lspci\b/.test(cmd)) return { kind: 'lspci' };
  if (/^(\S*\/)?dmidecode\b/.test(cmd)) return { kind: 'dmidecode' };
  return undefined;
}

function option(cmd: string, names: string[]): string | undefined {
  const words = cmd.split(' ');
  for (let i = 0; i < words.length; i++) {
    for (const n of names) {
      if (words[i] === n && words[i + 1] !== undefined) return words[i + 1];
      if (words[i]!.startsWith(n + '=')) return words[i]!.slice(n.length + 1);
    }
  }
  return undefined;
}

function defaultHostName(file: string): string {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Splits one file's text into hosts and their sections; problems name the line. */
export function splitHosts(text: string, file: string, problems: LineProblem[]): HostText[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const hosts: HostText[] = [];
  let host: (HostText & { named: 'marker' | 'prompt' | 'file' }) | undefined;
  let section: Section | undefined;
  // Output of a command Strata does not read is skipped up to the next marker.
  let skipping = false;
  let sawMarker = false;

  const startHost = (name: string | undefined, no: number, named: 'marker' | 'prompt' | 'file') => {
    host = { name: name ?? defaultHostName(file), file, line: no, sections: [], named };
    hosts.push(host);
    section = undefined;
    skipping = false;
  };

  const startSection = (command: string, no: number) => {
    sawMarker = true;
    const kind = sectionKind(command);
    if (!host) startHost(undefined, no, 'file');
    if (!kind) {
      section = undefined;
      skipping = true;
      return;
    }
    skipping = false;
    section = { kind: kind.kind, command: command.trim(), line: no, lines: [] };
    if (kind.target !== undefined) section.target = kind.target;
    host!.sections.push(section);
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const no = i + 1;
    const trimmed = raw.trim();
    const hostMarker = HOST_MARKER.exec(trimmed);
    if (hostMarker) {
      const name = hostMarker[1]!.trim();
      if (name === '' || /\s/.test(name)) {
        problems.push({ line: no, message: `a host marker needs one host name: "### host esx-01", found ${JSON.stringify(trimmed)}` });
        continue;
      }
      sawMarker = true;
      startHost(name, no, 'marker');
      continue;
    }
    const sectionMarker = SECTION_MARKER.exec(trimmed);
    if (sectionMarker && !trimmed.startsWith('####')) {
      startSection(sectionMarker[1]!, no);
      continue;
    }
    const prompt = ESXI_PROMPT.exec(trimmed) ?? LINUX_PROMPT.exec(trimmed);
    if (prompt && prompt[2]!.trim() !== '' && sectionKind(prompt[2]!) !== undefined) {
      const promptHost = prompt[1]!;
      if (!host) {
        startHost(promptHost, no, 'prompt');
      } else if (host.named === 'file' && host.sections.length === 0) {
        host.name = promptHost;
        host.named = 'prompt';
      } else if (host.named === 'prompt' && host.name !== promptHost) {
        problems.push({
          line: no,
          message:
            `the prompt names host ${JSON.stringify(promptHost)} but this part of the file is host ` +
            `${JSON.stringify(host.name)}: start each host with a line "### host NAME"`,
        });
      }
      startSection(prompt[2]!, no);
      continue;
    }
    if (section) {
      section.lines.push({ text: raw.replace(/\s+$/, ''), no });
    } else if (!skipping && trimmed !== '') {
      problems.push({
        line: no,
        message: sawMarker
          ? 'text outside any section: start the output of each command with a line naming it, e.g. "### esxcli hardware pci list"'
          : 'no section marker before this line: start the output of each command with a line naming it, ' +
            'e.g. "### esxcli hardware pci list" (see docs/import.md)',
      });
      // One such problem per stretch of text is enough.
      skipping = true;
    }
  }
  return hosts;
}

/** B103's verdict on a file mode, the same for Python's `os.chmod` and Node's `fs.chmod`. */
import type { Node } from './parser';
import type { Report } from './rule';

const S_IWOTH = 0o2;
const S_IWGRP = 0o20;
/** Others or the group may write or execute. */
const DANGEROUS = 0o2 | 0o20 | 0o10 | 0o1;

/** The finding for a chmod `mode` (written at `node`) whose value lets the group or others in, if any. */
export function permissiveModeReport(node: Node, value: number): Report<undefined> | undefined {
  if ((value & DANGEROUS) === 0) return undefined;
  const worldWritable = (value & S_IWOTH) !== 0;
  // Group/other execute without write (0o755) is the normal mode of scripts and directories.
  const executeOnly = (value & (S_IWOTH | S_IWGRP)) === 0;
  return {
    node,
    message: `chmod sets a permissive mode ${'0o' + value.toString(8)}: ${worldWritable ? 'anyone may write the file' : executeOnly ? 'group or others may execute it' : 'the group may write it'}.`,
    severity: worldWritable ? 'high' : 'medium',
    confidence: executeOnly ? 'medium' : 'high',
  };
}

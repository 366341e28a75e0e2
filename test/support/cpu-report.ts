// With CVMKIT_TEST_CPU=<file>, each test file appends what it cost to <file> after its last
// afterAll, one JSON line: wall time since the file began, this jest worker's CPU, and the CPU of the
// child processes it waited for (terraform, the CLI, tsc…). `npm run bench` reads it (bench/suite.ts).
import * as fs from 'fs';

const out = process.env.CVMKIT_TEST_CPU;

/** User + system CPU (ms) of the children this process has waited for, from /proc/self/stat (Linux). */
function childrenCpuMs(): number | null {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8');
    const after = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime: fields 16 and 17 of stat(5), counted from the state (field 3).
    return ((Number(after[13]) + Number(after[14])) * 1000) / 100;
  } catch {
    return null;
  }
}

if (out) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const children = childrenCpuMs();
  afterAll(() => {
    const used = process.cpuUsage(cpu);
    const after = childrenCpuMs();
    const line = {
      file: expect
        .getState()
        .testPath?.split(/[\\/]test[\\/]/)
        .pop(),
      wallMs: Math.round(performance.now() - started),
      selfCpuMs: Math.round((used.user + used.system) / 1000),
      childrenCpuMs: children === null || after === null ? null : Math.round(after - children),
    };
    fs.appendFileSync(out, `${JSON.stringify(line)}\n`);
  });
}

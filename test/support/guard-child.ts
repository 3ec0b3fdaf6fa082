/** A process with the serve/jobs guards installed that then rejects or throws, for process-guards tests. */
import { guardProcess } from '../../src/entry/process-guards.ts';
import { createLogger } from '../../src/lib/logger.ts';

guardProcess(createLogger('info'));
if (process.argv[2] === 'reject') {
  void Promise.reject(new Error('a forgotten promise failed'));
  setTimeout(() => process.stdout.write('still running\n'), 200);
} else {
  setTimeout(() => {
    throw new Error('a callback threw');
  }, 10);
  setTimeout(() => process.stdout.write('still running\n'), 200);
}

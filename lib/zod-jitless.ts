/**
 * zod's fast path compiles parsers with `new Function`; the extension CSP forbids that, and even zod's
 * guarded probe for it is reported as a CSP violation. zod reads the setting, and probes, when an
 * object schema is built: this module is imported first by every extension context, before any module
 * that builds one, so zod never tries.
 */
import { z } from 'zod';

z.config({ jitless: true });

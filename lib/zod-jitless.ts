/**
 * zod's fast path compiles parsers with `new Function`; the extension CSP forbids that, and even zod's
 * guarded probe for it is reported as a CSP violation. Imported first by every extension context,
 * before any schema parses, so zod never tries.
 */
import { z } from 'zod';

z.config({ jitless: true });

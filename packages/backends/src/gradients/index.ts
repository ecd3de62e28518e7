/**
 * Registers tfjs's gradient functions, which training needs.
 *
 * Why this file: the CommonJS build of @tensorflow/tfjs-core that Node loads registers no gradients, and
 * its `dist/register_all_gradients` is ESM that Node cannot import from that package. tsup therefore
 * bundles that one module into our dist (see tsup.config.ts `noExternal`), as the @tensorflow/tfjs union
 * package does. The plain tfjs-core import comes first so the real tfjs engine exists before the bundled
 * gradient code looks it up (both share it through tfjs's global engine slot).
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

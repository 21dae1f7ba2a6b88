// Renders AsyncAPI documents to HTML with the official generator and its html-template (docs/adr/0172), both
// pinned in package.json and installed by `npm ci` (never fetched at run time: `install: false`).
// Usage: node asyncapi-html.mjs OUT_DIR DOCUMENT.yaml...  ->  OUT_DIR/<document's name>.html, one file each, its
// scripts and styles inside (singleFile), so a page opens from the folder without a server.
import { createRequire } from 'node:module';
import { basename, dirname, extname, resolve } from 'node:path';
import Generator from '@asyncapi/generator';

const require = createRequire(import.meta.url);
// The template's folder, as npm installed it beside this script (a path, so the generator looks nothing up).
const template = dirname(require.resolve('@asyncapi/html-template/package.json'));
const [out, ...documents] = process.argv.slice(2);
if (!out || documents.length === 0) {
  console.error('usage: node asyncapi-html.mjs OUT_DIR DOCUMENT.yaml...');
  process.exit(2);
}
let failed = 0;
for (const document of documents) {
  const name = `${basename(document, extname(document))}.html`;
  const generator = new Generator(template, resolve(out), {
    forceWrite: true,
    install: false,
    // The template's own __transpiled files name paths of the machine that published it: transpile here (the
    // generator's default), on every build.
    compile: true,
    templateParams: { singleFile: 'true', outFilename: name },
  });
  try {
    await generator.generateFromFile(resolve(document));
    console.log(`${document}: ${out}/${name}`);
  } catch (error) {
    failed += 1;
    console.error(`${document}: ${error.message}`);
    for (const d of error.validationErrors || []) console.error(`  ${JSON.stringify(d)}`);
  }
}
process.exit(failed ? 1 : 0);

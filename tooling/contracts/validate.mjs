// Validates AsyncAPI documents with the official parser; prints every error and exits 1 if there is one.
import { Parser, fromFile } from '@asyncapi/parser';

const parser = new Parser();
let failed = 0;
for (const file of process.argv.slice(2)) {
  const diagnostics = await fromFile(parser, file).validate();
  const errors = diagnostics.filter((d) => d.severity === 0);
  for (const d of errors) console.log(`${file}: ${d.code} at ${d.path.join('.') || '(root)'}: ${d.message}`);
  console.log(`${file}: ${errors.length} errors`);
  failed += errors.length;
}
process.exit(failed ? 1 : 0);

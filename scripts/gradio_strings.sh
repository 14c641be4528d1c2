#!/usr/bin/env bash
# Regenerate policyqa/data/gradio_zh.json from the Simplified Chinese strings Gradio ships
# (its frontend's zh-CN bundle), plus the strings it lacks from policyqa/data/gradio_zh_extra.json.
# Run after upgrading Gradio; needs node.
set -euo pipefail
cd "$(dirname "$0")/.."
assets=$(.venv/bin/python -c "import gradio, pathlib; print(pathlib.Path(gradio.__file__).parent / 'templates/frontend/assets')")
version=$(.venv/bin/python -c "import gradio; print(gradio.__version__)")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$(ls "$assets"/zh-CN-*.js | head -1)" "$tmp/zh.mjs"
locales=$(ls "$assets" | sed -nE 's/^([a-z]{2}(-[A-Z]{2})?)-[A-Za-z0-9_-]{8}\.js$/\1/p' | sort -u | paste -sd, -)
node --input-type=module -e "
import fs from 'fs';
const zh = (await import('$tmp/zh.mjs')).default;
const flat = {};
const walk = (o, p) => { for (const [k, v] of Object.entries(o)) {
  const key = p ? p + '.' + k : k;
  if (v && typeof v === 'object') walk(v, key); else if (k !== '_name') flat[key] = v; } };
walk(zh, '');
const extra = JSON.parse(fs.readFileSync('policyqa/data/gradio_zh_extra.json', 'utf8'));
const out = { gradio: '$version', locales: '$locales'.split(','), strings: { ...flat, ...extra } };
fs.writeFileSync('policyqa/data/gradio_zh.json', JSON.stringify(out, null, 1) + '\n');
console.log(Object.keys(out.strings).length + ' strings, ' + out.locales.length + ' locales');
"

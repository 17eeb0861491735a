// The architecture's import rules, checked on every import by where it really points.
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

const zones = [
  {
    from: 'electron/core/',
    forbiddenDirs: ['electron/main/', 'electron/preload/', 'electron/host/', 'electron/cli/', 'renderer/'],
    forbiddenPackages: ['electron', 'react', 'react-dom'],
    why: 'electron/core is plain Node: it must not import Electron, React, a host or the renderer',
  },
  {
    from: 'renderer/',
    forbiddenDirs: ['electron/'],
    forbiddenPackages: ['electron'],
    why: 'the renderer talks to the core only through the api client, never by importing electron/',
  },
  {
    from: 'shared/',
    forbiddenDirs: ['electron/', 'renderer/'],
    allowedPackages: ['zod'],
    why: 'shared/ is the contract both sides agree on: it imports nothing but zod',
  },
];

function relative(file) {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function violation(zone, fileRel, specifier) {
  if (specifier.startsWith('.')) {
    const target = relative(path.resolve(path.dirname(path.join(ROOT, fileRel)), specifier)) + '/';
    return zone.forbiddenDirs.some((dir) => target.startsWith(dir));
  }
  if (specifier.startsWith('node:')) return zone.allowedPackages !== undefined;
  const name = packageName(specifier);
  if (zone.allowedPackages) return !zone.allowedPackages.includes(name);
  return (zone.forbiddenPackages ?? []).includes(name);
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import boundaries between core, hosts, renderer and shared.' },
    schema: [],
    messages: { boundary: "'{{specifier}}' is not allowed here: {{why}}." },
  },
  create(context) {
    const fileRel = relative(context.filename);
    const zone = zones.find((z) => fileRel.startsWith(z.from));
    if (!zone) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (violation(zone, fileRel, source)) {
        context.report({ node, messageId: 'boundary', data: { specifier: source, why: zone.why } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

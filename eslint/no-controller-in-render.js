/**
 * ESLint rule: views call the controllers (src/state/*-controller.ts) only from event
 * handlers and effects, never while rendering (ARCHITECTURE.md: views only select from the
 * store). A call is reported when the code around it runs during render: a component or hook
 * body, a useMemo / useState initialiser or a store selector, an array callback (.map…) or a
 * local function called from one of those. Functions handed on as values — JSX props,
 * useEffect / useCallback callbacks, listeners, functions returned to a caller — run later.
 */
const CONTROLLER = /(^|\/)state\/[\w-]*-controller$/;
/** Hooks whose callbacks run later (not during render). */
const DEFERRING_HOOKS = new Set([
  'useEffect',
  'useLayoutEffect',
  'useInsertionEffect',
  'useCallback',
]);
/** Calls that run the function given to them at once. */
const RUNS_NOW = new Set([
  'map',
  'flatMap',
  'filter',
  'forEach',
  'reduce',
  'some',
  'every',
  'find',
  'findIndex',
  'sort',
  'from',
]);

const isFunction = (n) =>
  n.type === 'ArrowFunctionExpression' ||
  n.type === 'FunctionExpression' ||
  n.type === 'FunctionDeclaration';

const calleeName = (call) =>
  call.callee.type === 'Identifier'
    ? call.callee.name
    : call.callee.type === 'MemberExpression' && call.callee.property.type === 'Identifier'
      ? call.callee.property.name
      : null;

/** A component or a hook: its body runs during render. */
function isRenderFunction(fn) {
  const name =
    fn.id?.name ??
    (fn.parent.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier'
      ? fn.parent.id.name
      : undefined);
  if (name && (/^[A-Z]/.test(name) || /^use[A-Z]/.test(name))) return true;
  // memo(function X() {…}), forwardRef((props, ref) => …)
  return (
    fn.parent.type === 'CallExpression' && ['memo', 'forwardRef'].includes(calleeName(fn.parent))
  );
}

function create(context) {
  const sourceCode = context.sourceCode;
  const visiting = new Set();

  /** Does the code at `node` run during render? */
  function inRender(node) {
    for (let n = node.parent; n; n = n.parent) if (isFunction(n)) return runsInRender(n);
    return false; // module top level: runs once, on import
  }

  /** Does the body of function `fn` run during render? */
  function runsInRender(fn) {
    if (visiting.has(fn)) return false;
    visiting.add(fn);
    try {
      if (isRenderFunction(fn)) return true;
      const parent = fn.parent;
      if (parent.type === 'CallExpression') {
        if (parent.callee === fn) return inRender(parent); // called on the spot
        const name = calleeName(parent);
        if (DEFERRING_HOOKS.has(name)) return false;
        if (RUNS_NOW.has(name) || /^use[A-Z]/.test(name ?? '')) return inRender(parent);
        return false; // handed to something that calls it later (a listener, a timer)
      }
      const declaration =
        fn.type === 'FunctionDeclaration'
          ? fn
          : parent.type === 'VariableDeclarator' && parent.init === fn
            ? parent
            : null;
      if (declaration) {
        // A local function runs in render if it is called from code that does.
        for (const variable of sourceCode.getDeclaredVariables(declaration))
          for (const ref of variable.references) {
            const id = ref.identifier;
            if (
              id.parent.type === 'CallExpression' &&
              id.parent.callee === id &&
              inRender(id.parent)
            )
              return true;
          }
      }
      return false; // a JSX prop, a returned function, a property: runs later
    } finally {
      visiting.delete(fn);
    }
  }

  const imported = new Map();
  const namespaces = new Map();
  return {
    ImportDeclaration(node) {
      if (!CONTROLLER.test(node.source.value)) return;
      for (const s of node.specifiers) {
        if (s.type === 'ImportNamespaceSpecifier') namespaces.set(s.local.name, node.source.value);
        else imported.set(s.local.name, node.source.value);
      }
    },
    CallExpression(node) {
      const callee = node.callee;
      let name = null;
      let module = null;
      if (callee.type === 'Identifier' && imported.has(callee.name)) {
        name = callee.name;
        module = imported.get(callee.name);
      } else if (
        callee.type === 'MemberExpression' &&
        callee.object.type === 'Identifier' &&
        namespaces.has(callee.object.name) &&
        callee.property.type === 'Identifier'
      ) {
        name = callee.property.name;
        module = namespaces.get(callee.object.name);
      }
      if (name && inRender(node))
        context.report({ node, messageId: 'render', data: { name, module } });
    },
  };
}

export default {
  meta: {
    type: 'problem',
    docs: {
      description: 'Views call the controllers from handlers and effects, not while rendering.',
    },
    messages: {
      render:
        '{{name}}() from {{module}} is called while rendering: read what the view needs from the store (fold it there per frame), or call it from a handler or an effect.',
    },
    schema: [],
  },
  create,
};

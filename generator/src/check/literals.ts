// Reads what an argument sets from its source: object literals, followed through `const` variables
// and spreads, so `{ body: { HostConfig: hostConfig } }` still shows `HostConfig.Annotations`.
import { type Expression, Node } from 'ts-morph';

/** The object or array literal an expression stands for, through parentheses, casts and variables. */
function literalOf(expression: Node | undefined, depth = 0): Node | undefined {
  let node = expression;
  while (
    node &&
    (Node.isParenthesizedExpression(node) ||
      Node.isAsExpression(node) ||
      Node.isSatisfiesExpression(node) ||
      Node.isNonNullExpression(node))
  ) {
    node = node.getExpression();
  }
  if (!node || depth > 8) return undefined;
  if (Node.isObjectLiteralExpression(node) || Node.isArrayLiteralExpression(node)) return node;
  if (Node.isIdentifier(node)) {
    const declaration = node.getSymbol()?.getValueDeclaration();
    if (Node.isVariableDeclaration(declaration)) return literalOf(declaration.getInitializer(), depth + 1);
    if (Node.isShorthandPropertyAssignment(declaration)) return undefined;
  }
  return undefined;
}

/** The properties an object literal sets, spreads included; computed keys cannot be told and are left out. */
export function objectEntries(expression: Node | undefined, depth = 0): [string, Expression | undefined][] {
  const literal = literalOf(expression);
  if (!Node.isObjectLiteralExpression(literal) || depth > 8) return [];
  const entries: [string, Expression | undefined][] = [];
  for (const property of literal.getProperties()) {
    if (Node.isPropertyAssignment(property)) {
      const name = property.getNameNode();
      if (Node.isComputedPropertyName(name)) continue;
      const key = Node.isStringLiteral(name) || Node.isNumericLiteral(name) ? name.getLiteralText() : name.getText();
      const value = property.getInitializer();
      if (!(Node.isIdentifier(value) && value.getText() === 'undefined')) entries.push([key, value]);
    } else if (Node.isShorthandPropertyAssignment(property)) {
      entries.push([property.getName(), property.getNameNode()]);
    } else if (Node.isSpreadAssignment(property)) {
      entries.push(...objectEntries(property.getExpression(), depth + 1));
    }
  }
  return entries;
}

/**
 * Adds the dotted paths of the body fields a literal sets to `out`, through nested objects and
 * array items. A key that is a map's key is written `*` where the versioned paths (`known`) say so.
 */
export function bodyPaths(expression: Node | undefined, prefix: string, known: string[], out: Set<string>, depth = 0): void {
  if (depth > 12) return;
  const literal = literalOf(expression);
  if (Node.isArrayLiteralExpression(literal)) {
    for (const item of literal.getElements()) bodyPaths(item, prefix, known, out, depth + 1);
    return;
  }
  for (const [key, value] of objectEntries(literal)) {
    const named = prefix + key;
    const isMapKey = !hasPrefix(known, named) && hasPrefix(known, `${prefix}*`);
    const field = isMapKey ? `${prefix}*` : named;
    out.add(field);
    bodyPaths(value, `${field}.`, known, out, depth + 1);
  }
}

const hasPrefix = (paths: string[], field: string) => paths.some((p) => p === field || p.startsWith(`${field}.`));

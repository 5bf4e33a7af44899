// Finds the calls a program makes on a DockerClient, with the type checker deciding what a receiver
// is: the parameters and body fields each call sets and the answer fields it reads.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type CallExpression,
  type Expression,
  Node,
  type PropertyAccessExpression,
  type Project,
  type Symbol as MorphSymbol,
  type Type,
} from 'ts-morph';
import { bodyPaths, objectEntries } from './literals.js';
import { helperUses, type OperationUse } from './helpers.js';

/** An answer field read; `since` when the field came later than the type that holds it. */
export interface FieldRead {
  path: string;
  since?: string;
}

export interface CallSite {
  file: string;
  line: number;
  column: number;
  method: string;
  /** `unknown`: the method has an operation's name but the receiver's type could not be told. */
  kind: 'operation' | 'helper' | 'unknown';
  /** The package the client comes from (`@dockerapi/v1.55`). */
  package?: string;
  /** A range package's lowest version: its client refuses older engines. */
  packageFloor?: string;
  /** The highest API version the package's client speaks: an engine that accepts only newer ones refuses it. */
  packageApi?: string;
  operations: OperationUse[];
  reads: FieldRead[];
}

interface PackageInfo {
  name: string;
  /** A generated client package (its package.json has the `dockerapi` block). */
  client: boolean;
  /** A range package's lowest version (`dockerapi.minimumApiVersion`). */
  minimumApi?: string;
  /** The newest version its client speaks (`dockerapi.apiVersion`). */
  api?: string;
}

const packageCache = new Map<string, PackageInfo | undefined>();

/** The package a file belongs to: the nearest package.json above it. */
function packageOf(file: string): PackageInfo | undefined {
  const dir = path.dirname(file);
  if (packageCache.has(dir)) return packageCache.get(dir);
  const manifest = path.join(dir, 'package.json');
  let info: PackageInfo | undefined;
  if (existsSync(manifest)) {
    const json = JSON.parse(readFileSync(manifest, 'utf8'));
    const client = typeof json.name === 'string' && json.name.startsWith('@dockerapi/') && 'dockerapi' in json;
    info = client
      ? { name: json.name, client, minimumApi: json.dockerapi.minimumApiVersion, api: json.dockerapi.apiVersion }
      : { name: json.name, client };
  } else if (path.dirname(dir) !== dir) {
    info = packageOf(dir);
  }
  packageCache.set(dir, info);
  return info;
}

const declaredInClientPackage = (symbol: MorphSymbol | undefined) =>
  symbol?.getDeclarations().find((d) => packageOf(d.getSourceFile().getFilePath())?.client);

/** The generated package of a receiver's DockerClient class (or a class extending it), if it is one. */
function clientPackageOf(type: Type, depth = 0): PackageInfo | undefined {
  if (depth > 8) return undefined;
  const t = type.getNonNullableType();
  if (t.isTypeParameter()) {
    const constraint = t.getConstraint();
    return constraint && clientPackageOf(constraint, depth + 1);
  }
  const members = t.isUnion() ? t.getUnionTypes() : t.isIntersection() ? t.getIntersectionTypes() : undefined;
  if (members) {
    for (const member of members) {
      const found = clientPackageOf(member, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const symbol = t.getSymbol();
  const declaration = symbol?.getName() === 'DockerClient' ? declaredInClientPackage(symbol) : undefined;
  if (declaration) return packageOf(declaration.getSourceFile().getFilePath());
  for (const base of t.getBaseTypes()) {
    const found = clientPackageOf(base, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const isUntyped = (type: Type) => type.isAny() || type.isUnknown();

/** The `@since` tag of a field's declaration in a generated package. */
function sinceOf(symbol: MorphSymbol | undefined): { generated: boolean; since?: string } {
  const declaration = declaredInClientPackage(symbol);
  if (!declaration) return { generated: false };
  const tags = Node.isJSDocable(declaration) ? declaration.getJsDocs().flatMap((doc) => doc.getTags()) : [];
  const since = tags
    .find((tag) => tag.getTagName() === 'since')
    ?.getCommentText()
    ?.trim();
  return { generated: true, since };
}

/** Array methods whose callback gets each item, and those whose result is still items of the array. */
const itemCallbacks = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'findLast', 'some', 'every']);
const itemResults = new Set(['filter', 'find', 'findLast', 'slice', 'sort', 'toSorted', 'reverse', 'toReversed', 'at']);

/** Whether `parent` holds the same value (awaited, cast, defaulted, or an item of it). */
function passesValueOn(value: Node, parent: Node): boolean {
  if (
    Node.isAwaitExpression(parent) ||
    Node.isParenthesizedExpression(parent) ||
    Node.isNonNullExpression(parent) ||
    Node.isAsExpression(parent) ||
    Node.isSatisfiesExpression(parent)
  ) {
    return true;
  }
  return Node.isBinaryExpression(parent) && parent.getLeft() === value && ['??', '||'].includes(parent.getOperatorToken().getText());
}

/** A map's values (`Networks[name]`, `Networks.bridge`) are written `*` in a field's path; an array's items pass through. */
const itemPrefix = (value: Node, prefix: string) => {
  const type = value.getType().getNonNullableType();
  return type.isArray() || type.isTuple() ? prefix : `${prefix}*.`;
};

/** Follows an answer through variables, destructuring, loops and array callbacks, collecting the fields read. */
class ReadCollector {
  readonly reads = new Map<string, string | undefined>();
  private readonly seen = new Set<Node>();

  fromValue(value: Node, prefix: string): void {
    if (this.seen.has(value)) return;
    this.seen.add(value);
    const parent = value.getParent();
    if (!parent) return;
    if (passesValueOn(value, parent)) this.fromValue(parent, prefix);
    else if (Node.isElementAccessExpression(parent) && parent.getExpression() === value) this.fromValue(parent, itemPrefix(value, prefix));
    else if (Node.isCallExpression(parent) && ['Object.values', 'Object.entries'].includes(parent.getExpression().getText())) {
      this.fromValue(parent, itemPrefix(value, prefix));
    } else if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === value) this.fromProperty(value, parent, prefix);
    else if (Node.isVariableDeclaration(parent) && parent.getInitializer() === value)
      this.bind(parent.getNameNode(), value.getType(), prefix);
    else if (Node.isForOfStatement(parent) && parent.getExpression() === value) {
      const initializer = parent.getInitializer();
      const declaration = Node.isVariableDeclarationList(initializer) ? initializer.getDeclarations()[0] : undefined;
      if (declaration) this.bind(declaration.getNameNode(), declaration.getType(), prefix);
    }
  }

  private fromProperty(value: Node, access: PropertyAccessExpression, prefix: string): void {
    const name = access.getName();
    const call = access.getParent();
    const isCalled = Node.isCallExpression(call) && call.getExpression() === access;
    if (isCalled && value.getType().isArray()) {
      const callback = call.getArguments()[0];
      if (itemCallbacks.has(name) && (Node.isArrowFunction(callback) || Node.isFunctionExpression(callback))) {
        const item = callback.getParameters()[0];
        if (item) this.bind(item.getNameNode(), item.getType(), prefix);
      }
      if (itemResults.has(name)) this.fromValue(call, prefix);
      return;
    }
    const field = sinceOf(access.getNameNode().getSymbol());
    if (!field.generated) {
      // a map's key written as a property (`Networks.bridge`)
      const type = value.getType().getNonNullableType();
      if (!type.getProperty(name) && type.getStringIndexType()) this.fromValue(access, itemPrefix(value, prefix));
      return;
    }
    this.record(prefix + name, field.since);
    this.fromValue(access, `${prefix}${name}.`);
  }

  bind(name: Node, type: Type, prefix: string): void {
    if (Node.isIdentifier(name)) {
      for (const reference of name.findReferencesAsNodes()) if (reference !== name) this.fromValue(reference, prefix);
      return;
    }
    if (Node.isObjectBindingPattern(name)) {
      for (const element of name.getElements()) {
        const key = element.getPropertyNameNode()?.getText() ?? element.getName();
        const property = type.getNonNullableType().getProperty(key);
        const field = sinceOf(property);
        if (!field.generated) continue;
        this.record(prefix + key, field.since);
        this.bind(element.getNameNode(), property!.getTypeAtLocation(element), `${prefix}${key}.`);
      }
      return;
    }
    if (Node.isArrayBindingPattern(name)) {
      // an array's items, or a tuple's own element types (`[key, value]` of Object.entries)
      const t = type.getNonNullableType();
      const items = t.isTuple() ? t.getTupleElements() : [];
      name.getElements().forEach((element, i) => {
        if (Node.isBindingElement(element)) this.bind(element.getNameNode(), items[i] ?? t.getArrayElementType() ?? t, prefix);
      });
    }
  }

  private record(field: string, since: string | undefined) {
    if (!this.reads.has(field) || since) this.reads.set(field, since);
  }
}

/** The fields of the answer a call's result is read for: awaited, or handed to `.then`. */
function readsOf(call: CallExpression): FieldRead[] {
  const collector = new ReadCollector();
  let node: Node = call;
  while (Node.isParenthesizedExpression(node.getParent())) node = node.getParent()!;
  const parent = node.getParent();
  if (Node.isAwaitExpression(parent)) collector.fromValue(parent, '');
  else if (Node.isPropertyAccessExpression(parent) && parent.getName() === 'then') {
    const then = parent.getParent();
    const callback = Node.isCallExpression(then) ? then.getArguments()[0] : undefined;
    const answer = Node.isArrowFunction(callback) || Node.isFunctionExpression(callback) ? callback.getParameters()[0] : undefined;
    if (answer) collector.bind(answer.getNameNode(), answer.getType(), '');
  }
  return [...collector.reads]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, since]) => (since ? { path: field, since } : { path: field }));
}

/** The parameters and body fields an operation call's first argument sets. */
function operationUse(method: string, argument: Expression | undefined, bodyKeys: string[]): OperationUse {
  const params: string[] = [];
  const body = new Set<string>();
  for (const [key, value] of objectEntries(argument)) {
    if (key === 'body') bodyPaths(value, '', bodyKeys, body);
    else params.push(key);
  }
  return { method, params: [...new Set(params)].sort(), body: [...body].sort() };
}

export interface AnalyzeOptions {
  /** Operation method name -> its body fields with a version (for map values written as `*`). */
  operations: Map<string, string[]>;
  /** Paths are shown relative to this folder. */
  base: string;
}

/** Every call on a DockerClient in the project's own files, in file and line order. */
export function findCallSites(project: Project, options: AnalyzeOptions): CallSite[] {
  const sites: CallSite[] = [];
  for (const file of project.getSourceFiles()) {
    const filePath = file.getFilePath();
    if (file.isDeclarationFile() || filePath.includes('/node_modules/') || packageOf(filePath)?.client) continue;
    file.forEachDescendant((node) => {
      if (!Node.isCallExpression(node)) return;
      const callee = node.getExpression();
      if (!Node.isPropertyAccessExpression(callee) && !Node.isElementAccessExpression(callee)) return;
      const nameNode = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee.getArgumentExpression();
      if (!nameNode || !(Node.isIdentifier(nameNode) || Node.isStringLiteral(nameNode) || Node.isPrivateIdentifier(nameNode))) return;
      const method = Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : nameNode.getText();
      const isOperation = options.operations.has(method);
      const helper = Object.hasOwn(helperUses, method) ? helperUses[method] : undefined; // not `toString` of every object
      if (!isOperation && !helper) return;
      const receiver = callee.getExpression().getType();
      const { line, column } = file.getLineAndColumnAtPos(node.getStart());
      const where = { file: path.relative(options.base, filePath) || path.basename(filePath), line, column, method };
      const pkg = clientPackageOf(receiver);
      if (!pkg) {
        if (isOperation && isUntyped(receiver)) sites.push({ ...where, kind: 'unknown', operations: [], reads: [] });
        return;
      }
      const args = node.getArguments() as Expression[];
      const operations = isOperation
        ? [operationUse(method, args[0], options.operations.get(method)!)]
        : helper!(args, (op) => options.operations.get(op) ?? []);
      sites.push({
        ...where,
        kind: isOperation ? 'operation' : 'helper',
        package: pkg.name,
        packageFloor: pkg.minimumApi,
        packageApi: pkg.api,
        operations,
        reads: isOperation ? readsOf(node) : [],
      });
    });
  }
  return sites.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

// The syntax tree of the Go subset the schema generator reads: expressions, statements and declarations.

export type TypeExpr =
  | { readonly k: 'tname'; readonly pkg?: string; readonly name: string }
  | { readonly k: 'ptr'; readonly elem: TypeExpr }
  | { readonly k: 'slice'; readonly elem: TypeExpr }
  | { readonly k: 'map'; readonly key: TypeExpr; readonly value: TypeExpr }
  | { readonly k: 'other'; readonly text: string };

export interface Element {
  /** A struct field name (an `ident` expression) or a map key; absent for slice elements. */
  readonly key?: Expr;
  readonly value: Expr;
}

export type Expr =
  | { readonly k: 'ident'; readonly name: string; readonly line: number }
  | { readonly k: 'lit'; readonly value: string | number }
  | { readonly k: 'sel'; readonly x: Expr; readonly name: string }
  | { readonly k: 'index'; readonly x: Expr; readonly index: Expr }
  | { readonly k: 'call'; readonly fn: Expr; readonly args: readonly Expr[] }
  | { readonly k: 'unary'; readonly op: string; readonly x: Expr }
  | { readonly k: 'binary'; readonly op: string; readonly x: Expr; readonly y: Expr }
  | { readonly k: 'composite'; readonly type?: TypeExpr; readonly elts: readonly Element[] }
  | { readonly k: 'type'; readonly type: TypeExpr }
  /** Function literals, slicing and type assertions: the generator never needs their value. */
  | { readonly k: 'opaque'; readonly what: string };

export type Stmt =
  | { readonly k: 'define'; readonly names: readonly string[]; readonly values: readonly Expr[] }
  | { readonly k: 'assign'; readonly op: string; readonly targets: readonly Expr[]; readonly values: readonly Expr[] }
  | { readonly k: 'expr'; readonly x: Expr }
  | { readonly k: 'return'; readonly values: readonly Expr[] }
  | { readonly k: 'if'; readonly init?: Stmt; readonly cond: Expr; readonly then: readonly Stmt[]; readonly else?: readonly Stmt[] }
  | { readonly k: 'range'; readonly key?: string; readonly value?: string; readonly x: Expr; readonly body: readonly Stmt[] }
  | { readonly k: 'block'; readonly body: readonly Stmt[] }
  /** A statement the generator does not execute (switch, plain for, defer…); running it is an error. */
  | { readonly k: 'unsupported'; readonly what: string; readonly line: number };

export interface FuncDecl {
  readonly name: string;
  readonly file: string;
  readonly params: readonly string[];
  /** Token index of the body's `{`; the body is parsed on first call. */
  readonly bodyStart: number;
  readonly tokens: readonly import('./go-lexer').Token[];
  /** Import alias → import path of the declaring file. */
  readonly imports: ReadonlyMap<string, string>;
}

export interface GoPackage {
  readonly funcs: Map<string, FuncDecl>;
  /** Package-level `var` and `const` initialisers. */
  readonly values: Map<string, { readonly expr: Expr; readonly imports: ReadonlyMap<string, string> }>;
}

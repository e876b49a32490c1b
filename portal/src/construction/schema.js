// Reading the forms' JSON Schemas (pydantic's): which widget a property gets, its empty value,
// and the data to send — strings for quantities and money (F07), null for an empty optional id.

export function resolve(schema, root) {
  let s = schema || {};
  while (s.$ref) s = root.$defs?.[s.$ref.replace("#/$defs/", "")] || {};
  if (schema?.title && !s.title?.startsWith?.(schema.title)) s = { ...s, title: schema.title, default: schema.default ?? s.default };
  return s;
}

/** "text" | "textarea" | "number" | "integer" | "date" | "datetime" | "boolean" | "enum" | "enums" | "items" */
export function widget(schema, root) {
  const s = resolve(schema, root);
  if (s.enum) return "enum";
  if (s.anyOf) {
    const kinds = s.anyOf.map((a) => a.type);
    if (kinds.includes("integer") || kinds.includes("number")) return "number";
    return "text";
  }
  if (s.type === "boolean") return "boolean";
  if (s.type === "integer") return "integer";
  if (s.type === "number") return "number";
  if (s.type === "array") return resolve(s.items, root).enum ? "enums" : "items";
  if (s.format === "date") return "date";
  if (s.format === "date-time") return "datetime";
  if (s.pattern && /\[0-9\]/.test(s.pattern)) return "number";  // money: a decimal string
  return (s.maxLength || 0) > 100 ? "textarea" : "text";
}

export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** The value a new form starts with for one property. */
export function initial(schema, root) {
  const s = resolve(schema, root);
  const kind = widget(schema, root);
  if (s.default !== undefined && s.default !== null) return Array.isArray(s.default) ? [...s.default] : s.default;
  if (kind === "boolean") return false;
  if (kind === "date") return today();
  if (kind === "enums") return [];
  if (kind === "items") return (s.minItems || 0) > 0 ? [blank(resolve(s.items, root), root)] : [];
  if (kind === "integer") return undefined;
  return "";
}

export function blank(objectSchema, root) {
  const out = {};
  for (const [k, p] of Object.entries(objectSchema.properties || {})) out[k] = initial(p, root);
  return out;
}

function nullable(schema) {
  return (schema.anyOf || []).some((a) => a.type === "null");
}

/** The data to send: empty optional values left out (or null), items cleaned the same way. */
export function clean(value, objectSchema, root) {
  const out = {};
  const required = new Set(objectSchema.required || []);
  for (const [k, p] of Object.entries(objectSchema.properties || {})) {
    const s = resolve(p, root);
    const kind = widget(p, root);
    let v = value[k];
    if (kind === "items") v = (v || []).map((row) => clean(row, resolve(s.items, root), root));
    else if (kind === "datetime" && v) v = new Date(v).toISOString();
    else if (typeof v === "string") v = v.trim();
    if ((v === "" || v === undefined || v === null) && !required.has(k)) {
      if (nullable(p)) out[k] = null;
      continue;
    }
    out[k] = v === undefined ? null : v;
  }
  return out;
}

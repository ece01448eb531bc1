// The page's anchors, stable so that others may link to them.

export const operationAnchor = (operationId: string) => `operation-${operationId}`;
export const securityAnchor = (scheme: string) => `auth-${scheme}`;
export const schemaAnchor = (name: string) => `schema-${name}`;
export const tagAnchor = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

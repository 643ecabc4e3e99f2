// The relations a constraint can use; kept apart so the model and the schemas share one list.
export type Relation = '<<' | '<=' | '=' | '>=' | '>>';
export const RELATIONS = ['<<', '<=', '=', '>=', '>>'] as const satisfies readonly Relation[];

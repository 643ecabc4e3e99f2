/** Counts for tests and benches: planners encoded, questions answered by a planner, answers reused, solves of repair searches. */
export const repairStats = { planners: 0, asked: 0, reused: 0, solves: 0 };

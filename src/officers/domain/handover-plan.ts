import { officerCovers } from './officer-reach';

export interface HandoverFirm {
  id: number;
  regionCode: string;
}

export interface HandoverSuccessor {
  id: number;
  regionCode: string;
}

export interface HandoverPlan<F extends HandoverFirm = HandoverFirm> {
  /** Firm id → successor officer id. */
  moves: Array<{ enterpriseId: number; toOfficerId: number }>;
  /** Firms none of the successors may serve (their region does not cover the firm's). */
  uncovered: F[];
  /** How many firms each successor receives, in the order the successors were given. */
  received: Array<{ officerId: number; firms: number }>;
}

/**
 * Deals a leaving officer's firms to the successors in turn: each firm goes to the successor,
 * among those whose region covers it, who has received the fewest so far (ties: the one listed
 * first). With successors of one region that is plain round-robin; with a city officer and a
 * district officer, district firms are shared and the rest go to the city officer.
 */
export function planHandover<F extends HandoverFirm>(firms: readonly F[], successors: readonly HandoverSuccessor[]): HandoverPlan<F> {
  const received = new Map<number, number>(successors.map((s) => [s.id, 0]));
  const moves: HandoverPlan['moves'] = [];
  const uncovered: F[] = [];
  for (const firm of firms) {
    let chosen: HandoverSuccessor | undefined;
    for (const successor of successors) {
      if (!officerCovers(successor.regionCode, firm.regionCode)) continue;
      if (!chosen || (received.get(successor.id) ?? 0) < (received.get(chosen.id) ?? 0)) chosen = successor;
    }
    if (!chosen) {
      uncovered.push(firm);
      continue;
    }
    received.set(chosen.id, (received.get(chosen.id) ?? 0) + 1);
    moves.push({ enterpriseId: firm.id, toOfficerId: chosen.id });
  }
  return { moves, uncovered, received: successors.map((s) => ({ officerId: s.id, firms: received.get(s.id) ?? 0 })) };
}

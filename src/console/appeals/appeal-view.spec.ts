import { DESTRUCTIVE_ACTIONS, firstOpenAction, orderedActions } from './appeal-view';

describe('appeal page actions', () => {
  it('offers the step forward first and the destructive ones last', () => {
    // What a handler may do right after signing (the state machine's order).
    const afterSign = ['object', 'request_extension', 'suspend', 'resolve', 'comment'];
    const ordered = orderedActions(afterSign);
    expect(ordered).toEqual(['resolve', 'request_extension', 'suspend', 'comment', 'object']);
    expect(firstOpenAction(ordered)).toBe('resolve');
  });

  it('never unfolds a destructive action, a comment or the sign button', () => {
    for (const action of DESTRUCTIVE_ACTIONS) expect(firstOpenAction([action])).toBeNull();
    expect(firstOpenAction(orderedActions(['withdraw', 'comment']))).toBeNull();
    expect(firstOpenAction(['sign', 'object'])).toBeNull();
    expect(firstOpenAction(orderedActions(['reject', 'accept', 'withdraw']))).toBe('accept');
    expect(firstOpenAction([])).toBeNull();
  });

  it('keeps actions it does not know, among the side roads', () => {
    expect(orderedActions(['object', 'new_action', 'resolve'])).toEqual(['resolve', 'new_action', 'object']);
  });
});

import { climbLadder, type LadderSettings } from './escalation-ladder';

const ladder: LadderSettings = {
  supervisionAfterOverdueWorkingDays: 3,
  yellowCardAfterOverdueWorkingDays: 5,
  redCardAfterOverdueWorkingDays: 10,
};

describe('climbLadder', () => {
  it('takes the reminder as soon as the timer is late and names the supervision step next', () => {
    expect(climbLadder('none', 0, ladder)).toEqual({ steps: ['reminder'], reached: 'reminder', nextStepAtOverdueDays: 3 });
  });

  it('takes every step due at once, lowest first, when a timer is found late for the first time', () => {
    expect(climbLadder('none', 7, ladder)).toEqual({
      steps: ['reminder', 'supervision', 'yellow_card'],
      reached: 'yellow_card',
      nextStepAtOverdueDays: 10,
    });
  });

  it('never repeats a step the stored level already holds', () => {
    expect(climbLadder('supervision', 4, ladder)).toEqual({ steps: [], reached: 'supervision', nextStepAtOverdueDays: 5 });
    expect(climbLadder('yellow_card', 10, ladder)).toEqual({ steps: ['red_card'], reached: 'red_card', nextStepAtOverdueDays: null });
  });

  it('has nothing above the red card', () => {
    expect(climbLadder('red_card', 30, ladder)).toEqual({ steps: [], reached: 'red_card', nextStepAtOverdueDays: null });
  });

  it('follows the settings: a step due on the same day as the one below comes with it', () => {
    const tight = { ...ladder, supervisionAfterOverdueWorkingDays: 0 };
    expect(climbLadder('none', 0, tight).steps).toEqual(['reminder', 'supervision']);
  });
});

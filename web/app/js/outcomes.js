// How a session ended, in words: the stored outcome ids (src/session/guided_session.hpp Outcome).
const WORDS = {
  completed: 'completed', stopped: 'stopped', fault: 'ended by a fault', device_lost: 'ended: the device was lost',
  failed: 'failed', not_today: 'not today: the cuff was not put on', running: 'running now',
  interrupted: 'interrupted: the program running it stopped',
};
export const outcomeWords = (outcome) => WORDS[outcome] || outcome;
// Its figures are not a good session's: shown as ended early, never as if it had completed.
export const endedEarly = (outcome) => outcome !== 'completed' && outcome !== 'running';

// Dates as people at the justice office read them: Asia/Shanghai, which has no daylight saving (always UTC+8).
// The API speaks UTC; forms and the calendar speak China dates and times.
const OFFSET = 8 * 3600000;
const DAY = 86400000;

/** 'YYYY-MM-DD' in China for a Date or ISO string. */
export const chinaDate = t => new Date(new Date(t).getTime() + OFFSET).toISOString().slice(0, 10);
/** 'HH:MM' in China. */
export const chinaTime = t => new Date(new Date(t).getTime() + OFFSET).toISOString().slice(11, 16);
/** A China date and 'HH:MM' as a UTC ISO string for the API. */
export const toUtc = (date, time = '00:00') => new Date(`${date}T${time}:00+08:00`).toISOString();
/** The China date `days` after `date`. */
export const addDays = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** The Monday of the week `date` is in. */
export const mondayOf = date => addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
export const today = () => chinaDate(Date.now());
export const weekdayNames = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

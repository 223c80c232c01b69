export type {
  AppliesTo,
  DateKey,
  DayEntry,
  DayInfo,
  DayKind,
  DaySource,
  Instant,
  OfficialDayKind,
  OfficialDayOff,
  Outcome,
  PauseInterval,
  WorkingInterval,
} from './calendar-types';
export { deriveStatutoryDaysOff, type LunarToSolar, tetDate, vnLunarToSolar } from './derived-holidays';
export {
  type HolidayRules,
  LABOR_CODE_2019_RULES,
  type LunarHolidayRule,
  type SolarHolidayRule,
  type TetRule,
} from './holiday-rules';
export { OFFICIAL_DAYS_OFF, OFFICIAL_SCHEDULE_YEARS } from './official-days-off';
export {
  createVietnamCalendar,
  officialDayEntries,
  type ProvinceDayEntry,
  type VietnamCalendarOptions,
} from './vietnam-calendar';
export { formatVnDateTime, VN_UTC_OFFSET_MS, vnDateKey, vnInstant } from './vn-time';
export {
  DEFAULT_WORKING_HOURS,
  type OnTimeWindow,
  WORKING_DAY_KINDS,
  WORKING_HOURS_PER_DAY,
  WorkingCalendar,
  type WorkingCalendarOptions,
} from './working-calendar';

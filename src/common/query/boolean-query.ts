import { Transform } from 'class-transformer';

/** Query strings carry 'true'/'false'; anything else is left for @IsBoolean to reject. */
export const BooleanQuery = () =>
  Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value));

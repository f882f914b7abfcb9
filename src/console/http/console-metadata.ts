/** Metadata keys of the console's decorators (kept apart so the guard and the decorators do not import each other). */
export const CONSOLE_ROLES = 'qiyuan:consoleRoles';
export const MULTIPART_FORM = 'qiyuan:consoleMultipart';

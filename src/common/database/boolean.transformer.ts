/** MySQL has no boolean: TINYINT(1) columns map to JS booleans through this. */
export const booleanTransformer = {
  to: (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0),
  from: (value: number | null) => value === 1,
};

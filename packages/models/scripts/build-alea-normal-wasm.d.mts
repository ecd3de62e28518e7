/** Path of src/random/alea-normal.wat. */
export const ALEA_NORMAL_WAT: string;

/** Float64 scalar functions of the typed-array kernels. */
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const softplus = (x: number): number => (x > 20 ? x : Math.log1p(Math.exp(x)));

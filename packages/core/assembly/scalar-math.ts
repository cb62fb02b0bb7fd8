// Scalar activations for the kernels' once-per-step quantities (AssemblyScript's Mathf, correctly rounded
// to about one ulp): the same definitions as the JS kernel's.

@inline
export function softplus(x: f32): f32 {
  return x > 20 ? x : Mathf.log1p(Mathf.exp(x));
}

@inline
export function sigmoid(x: f32): f32 {
  return 1 / (1 + Mathf.exp(-x));
}

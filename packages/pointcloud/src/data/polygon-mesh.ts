/** A surface mesh: `vertices` row-major [vertexCount, 3], each face a list of ≥ 3 vertex indices in order around it. */
export interface PolygonMesh {
  vertices: Float32Array;
  vertexCount: number;
  faces: number[][];
}

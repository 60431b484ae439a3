// Eight consecutive samples of one channel as one SIMD8: how the drums and the noise texture
// render, since their recursions can be solved eight samples at a time.

extension SIMD8 where Scalar == Float {
    /// 1, 2, … 8: each sample's distance from the one before the eight, for phases and gain
    /// ramps that step before each sample.
    @inline(__always)
    static var oneThroughEight: SIMD8<Float> { SIMD8(1, 2, 3, 4, 5, 6, 7, 8) }
}

/// Adds consecutive samples into a buffer at `pointer` (any alignment).
@inline(__always)
func add<Vector: SIMD>(_ samples: Vector, to pointer: UnsafeMutablePointer<Float>) where Vector.Scalar == Float {
    let raw = UnsafeMutableRawPointer(pointer)
    raw.storeBytes(of: raw.loadUnaligned(as: Vector.self) + samples, as: Vector.self)
}

/// Consecutive samples at `pointer` (any alignment) as one vector: the effects' block loops.
@inline(__always)
func load<Vector: SIMD>(_ pointer: UnsafePointer<Float>, as _: Vector.Type = Vector.self) -> Vector where Vector.Scalar == Float {
    UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
}

@inline(__always)
func load<Vector: SIMD>(_ pointer: UnsafeMutablePointer<Float>, as _: Vector.Type = Vector.self) -> Vector where Vector.Scalar == Float {
    UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
}

/// Stores a vector's lanes as consecutive samples at `pointer` (any alignment).
@inline(__always)
func store<Vector: SIMD>(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>) where Vector.Scalar == Float {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
}

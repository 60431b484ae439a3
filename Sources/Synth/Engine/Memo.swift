/// Remembers the last result of a costly mapping (dB to gain, time to coefficient) so the
/// control block pays for libm only when the input actually changed.
struct Memo<Input: Equatable, Output> {
    private var input: Input?
    private var output: Output?

    @inline(__always)
    mutating func callAsFunction(_ newInput: Input, _ compute: (Input) -> Output) -> Output {
        if let output, input == newInput { return output }
        let result = compute(newInput)
        input = newInput
        output = result
        return result
    }
}

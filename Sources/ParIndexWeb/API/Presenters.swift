import ParIndexCore

/// Answers that are kept as documents rather than encoded per request.
enum Present {
    /// The assessment answer, which the route keeps between changes (decision 0009). An answer
    /// holds text, whole numbers, points, times and flags, which always encode; only a floating
    /// point field added by mistake could fail, and `AnswerBytesTests` encodes every answer.
    static func assessment(_ view: AssessmentService.View, caller: Caller?) -> DocumentValue {
        do {
            return try DocumentEncoder().encode(AssessmentAnswer(view, caller: caller))
        } catch {
            preconditionFailure("the assessment answer does not encode: \(error)")
        }
    }
}

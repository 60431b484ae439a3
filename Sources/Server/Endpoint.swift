import NIOHTTP1

/// One method on one path, with who may call it and its typed handler. `Routes.table` lists
/// them all: requests resolve through it, and a test holds `docs/openapi.json` to it.
struct Endpoint: Sendable {
    enum Access: Sendable {
        /// Anyone; a session's own token is checked by the handler where it matters.
        case anyone
        /// The operator only (`OperatorAccess`).
        case `operator`
    }

    let method: HTTPMethod
    /// A path such as `/sessions/{id}`; a `{name}` segment matches any one segment.
    let template: String
    let access: Access
    /// Creates, changes or ends something: rate-limited per client (`ControlRateLimit`).
    let isControl: Bool
    /// What the endpoint does, in words for messages ("listing sessions").
    let summary: String
    /// The handler, as a method of `RouteHandlers` (`RouteHandlers.stream`).
    let handler: @Sendable (RouteHandlers) -> (HTTPRequest) throws(ServiceError) -> Response
    /// The template's segments, split once.
    private let segments: [Substring]

    init(_ method: HTTPMethod, _ template: String, access: Access = .anyone, control: Bool = false, _ summary: String,
         _ handler: @escaping @Sendable (RouteHandlers) -> (HTTPRequest) throws(ServiceError) -> Response) {
        self.method = method
        self.template = template
        segments = template.split(separator: "/")
        self.access = access
        isControl = control
        self.summary = summary
        self.handler = handler
    }

    /// The first users' URLs answer in plain text unless asked for JSON; the API always in JSON.
    var answersInText: Bool { Self.answersInText(template) }

    static func answersInText(_ path: String) -> Bool {
        ["/", "/create_stream", "/stream", "/set_param"].contains(path)
    }

    /// The `{...}` segments' values, in order, when `segments` fit the template, else nil.
    func match(_ path: [Substring]) -> [String]? {
        guard segments.count == path.count else { return nil }
        var parameters: [String] = []
        for (part, segment) in zip(segments, path) {
            if part.hasPrefix("{") { parameters.append(String(segment)) } else if part != segment { return nil }
        }
        return parameters
    }
}

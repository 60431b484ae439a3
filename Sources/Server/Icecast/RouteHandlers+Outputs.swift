import API

/// The endpoints of a session's Icecast outputs.
extension RouteHandlers {
    func addOutput(_ request: HTTPRequest) throws(ServiceError) -> Response {
        let body = try request.decode(IcecastOutputRequest.self)
        let output = try service.addOutput(to: request.pathParameter, body, on: request.eventLoop)
        return .reply(.json(output.summary, status: .created))
    }

    func listOutputs(_ request: HTTPRequest) throws(ServiceError) -> Response {
        .reply(.json(try service.outputs(of: request.pathParameter)))
    }

    func deleteOutput(_ request: HTTPRequest) throws(ServiceError) -> Response {
        try service.removeOutput(request.pathParameters.last ?? "", from: request.pathParameter)
        return .reply(.noContent)
    }
}

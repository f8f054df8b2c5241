// Turns a frame into a handler call: decodes it, applies Kafka's rules for frames it cannot serve
// (close the connection; answer an unsupported ApiVersions with UNSUPPORTED_VERSION in v0 format)
// and dispatches the request to the handler of its API.
#pragma once

#include <memory>
#include <vector>

#include "broker/core/connection.h"
#include "broker/core/request_context.h"

namespace tideline::broker {

class RequestRouter {
public:
    explicit RequestRouter(BrokerServices& services) : services_(services) {}

    void handle_frame(const std::shared_ptr<Connection>& connection, std::vector<std::uint8_t> frame);

private:
    BrokerServices& services_;
};

}  // namespace tideline::broker

#include "broker/core/connection.h"

#include <spdlog/spdlog.h>

#include "frame.h"

namespace tideline::broker {
namespace {

// A client that pipelines without reading answers is paused here, so that it cannot make the
// broker queue unbounded work and memory on its behalf.
constexpr std::size_t kMaxQueuedRequests = 256;

}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, BrokerState& broker, std::int32_t max_frame_size,
                       FrameHandler on_frame, ClosedHandler on_closed)
    : socket_(std::move(socket)),
      broker_(broker),
      max_frame_size_(max_frame_size),
      on_frame_(std::move(on_frame)),
      on_closed_(std::move(on_closed)) {
    std::error_code ec;
    const auto endpoint = socket_.remote_endpoint(ec);
    peer_ = ec ? std::string("unknown peer")
               : endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
}

void Connection::start() {
    ++broker_.counters.connections_open;
    ++broker_.counters.connections_total;
    read_size();
}

bool Connection::reading_allowed() const { return open_ && !reading_ && slots_.size() < kMaxQueuedRequests; }

void Connection::read_size() {
    if (!reading_allowed()) return;
    reading_ = true;
    asio::async_read(socket_, asio::buffer(size_prefix_),
                     [self = shared_from_this()](std::error_code ec, std::size_t) {
                         self->reading_ = false;
                         if (ec) {
                             self->close(ec == asio::error::eof ? "closed by peer" : ec.message());
                             return;
                         }
                         const auto size = protocol::read_frame_size(self->size_prefix_);
                         if (!size || *size > self->max_frame_size_) {
                             self->close("invalid frame size");
                             return;
                         }
                         self->read_body(static_cast<std::size_t>(*size));
                     });
}

void Connection::read_body(std::size_t size) {
    if (!open_) return;
    reading_ = true;
    body_.resize(size);
    asio::async_read(socket_, asio::buffer(body_),
                     [self = shared_from_this()](std::error_code ec, std::size_t) {
                         self->reading_ = false;
                         if (ec) {
                             self->close(ec == asio::error::eof ? "closed by peer" : ec.message());
                             return;
                         }
                         self->broker_.counters.bytes_in += self->body_.size() + 4;
                         ++self->broker_.counters.requests;
                         self->on_frame_(self, std::move(self->body_));
                         self->body_ = {};
                         self->read_size();
                     });
}

std::uint64_t Connection::open_slot() {
    slots_.push_back({next_slot_, false, {}});
    return next_slot_++;
}

void Connection::fill_slot(std::uint64_t slot, Bytes frame) {
    if (!open_) return;
    for (auto& queued : slots_) {
        if (queued.id == slot) {
            queued.filled = true;
            queued.frame = std::move(frame);
            break;
        }
    }
    write_ready_slots();
}

void Connection::write_ready_slots() {
    if (!open_ || !in_flight_.empty()) return;
    while (!slots_.empty() && slots_.front().filled) {
        if (!slots_.front().frame.empty()) in_flight_.push_back(std::move(slots_.front().frame));
        slots_.pop_front();
    }
    if (in_flight_.empty()) {
        read_size();  // slots were freed: a paused reader may go on
        return;
    }
    std::vector<asio::const_buffer> buffers;
    for (const auto& frame : in_flight_) buffers.emplace_back(asio::buffer(frame));
    asio::async_write(socket_, buffers, [self = shared_from_this()](std::error_code ec, std::size_t written) {
        self->in_flight_.clear();
        if (ec) {
            self->close(ec.message());
            return;
        }
        self->broker_.counters.bytes_out += written;
        self->write_ready_slots();
    });
    read_size();
}

void Connection::close(const std::string& reason) {
    if (!open_) return;
    open_ = false;
    spdlog::debug("broker {}: connection from {} closed: {}", broker_.id, peer_, reason);
    std::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    slots_.clear();
    --broker_.counters.connections_open;
    if (on_closed_) on_closed_(this);
}

}  // namespace tideline::broker

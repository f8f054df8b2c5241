// One client connection to one broker: reads size-prefixed frames, hands each to the request
// router, and writes the answers back in request order. Every request takes a slot in a queue when
// it arrives; answers fill their slot whenever they are ready (a Fetch may wait for data, a produce
// with acks=0 fills it with nothing) and leave in slot order, as Kafka clients require.
#pragma once

#include <asio.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "broker/core/cluster_state.h"
#include "broker/core/sasl.h"

namespace tideline::broker {

class Connection : public std::enable_shared_from_this<Connection> {
public:
    using Bytes = std::vector<std::uint8_t>;
    using FrameHandler = std::function<void(const std::shared_ptr<Connection>&, Bytes frame)>;
    using ClosedHandler = std::function<void(Connection*)>;

    Connection(asio::ip::tcp::socket socket, BrokerState& broker, std::int32_t max_frame_size,
               FrameHandler on_frame, ClosedHandler on_closed);

    void start();
    // Idempotent. Answers still queued are dropped; a client that sees the close retries elsewhere.
    void close(const std::string& reason);
    bool is_open() const { return open_; }

    std::uint64_t open_slot();
    // `frame` is the whole answer with its size prefix; empty for a request that gets no answer.
    void fill_slot(std::uint64_t slot, Bytes frame);

    std::int32_t broker_id() const { return broker_.id; }
    const std::string& peer() const { return peer_; }
    SaslSession& sasl() { return sasl_; }

private:
    struct Slot {
        std::uint64_t id = 0;
        bool filled = false;
        Bytes frame;
    };

    void read_size();
    void read_body(std::size_t size);
    void write_ready_slots();
    bool reading_allowed() const;

    asio::ip::tcp::socket socket_;
    BrokerState& broker_;
    std::int32_t max_frame_size_;
    FrameHandler on_frame_;
    ClosedHandler on_closed_;
    std::string peer_;
    bool open_ = true;
    bool reading_ = false;
    std::array<std::uint8_t, 4> size_prefix_{};
    Bytes body_;
    std::deque<Slot> slots_;
    std::uint64_t next_slot_ = 0;
    std::vector<Bytes> in_flight_;  // frames being written; kept alive until the write completes
    SaslSession sasl_;
};

}  // namespace tideline::broker

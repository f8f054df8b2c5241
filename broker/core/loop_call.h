// Running a function on the event-loop thread from another thread and waiting for its result:
// how the control API reads and changes cluster state without any lock.
#pragma once

#include <asio.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <optional>

namespace tideline::broker {

// nullopt when the loop did not run the call within `timeout` (it is stopping, or stuck).
template <typename Function>
auto call_on_loop(asio::io_context& loop, Function function,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10))
    -> std::optional<decltype(function())> {
    using Result = decltype(function());
    // Shared, so that a call that times out cannot leave the loop writing to a dead promise.
    auto promise = std::make_shared<std::promise<Result>>();
    auto future = promise->get_future();
    asio::post(loop, [promise, function = std::move(function)]() mutable {
        try {
            promise->set_value(function());
        } catch (...) {
            promise->set_exception(std::current_exception());
        }
    });
    if (future.wait_for(timeout) != std::future_status::ready) return std::nullopt;
    return future.get();
}

}  // namespace tideline::broker

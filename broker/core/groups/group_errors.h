// Kafka error codes of the group coordinator APIs.
#pragma once

#include <cstdint>

namespace tideline::broker::group_errors {

inline constexpr std::int16_t kNone = 0;
inline constexpr std::int16_t kUnknownServerError = -1;
inline constexpr std::int16_t kUnknownTopicOrPartition = 3;
inline constexpr std::int16_t kOffsetMetadataTooLarge = 12;
inline constexpr std::int16_t kCoordinatorNotAvailable = 15;
inline constexpr std::int16_t kNotCoordinator = 16;
inline constexpr std::int16_t kIllegalGeneration = 22;
inline constexpr std::int16_t kInconsistentGroupProtocol = 23;
inline constexpr std::int16_t kInvalidGroupId = 24;
inline constexpr std::int16_t kUnknownMemberId = 25;
inline constexpr std::int16_t kInvalidSessionTimeout = 26;
inline constexpr std::int16_t kRebalanceInProgress = 27;
inline constexpr std::int16_t kInvalidCommitOffsetSize = 28;
inline constexpr std::int16_t kInvalidRequest = 42;
inline constexpr std::int16_t kNonEmptyGroup = 68;
inline constexpr std::int16_t kGroupIdNotFound = 69;
inline constexpr std::int16_t kMemberIdRequired = 79;
inline constexpr std::int16_t kFencedInstanceId = 82;
inline constexpr std::int16_t kGroupSubscribedToTopic = 86;

}  // namespace tideline::broker::group_errors

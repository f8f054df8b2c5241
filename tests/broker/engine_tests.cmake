# Tests of the broker engine: each starts the real tideline-broker process and talks to it with
# real clients (kcat, confluent-kafka-python) or raw sockets.
add_library(tideline_test_broker_process STATIC support/broker_process.cpp support/raw_kafka_client.cpp)
target_include_directories(tideline_test_broker_process PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(tideline_test_broker_process
    PUBLIC Qt6::Core Qt6::Network tideline_protocol PRIVATE tideline_warnings)
target_compile_definitions(tideline_test_broker_process
    PRIVATE TIDELINE_BROKER_PATH="$<TARGET_FILE:tideline-broker>")
add_dependencies(tideline_test_broker_process tideline-broker)

tideline_add_test(NAME test_broker_kcat SOURCES test_broker_kcat.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 240)
tideline_add_test(NAME test_broker_restart SOURCES test_broker_restart.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 180)
tideline_add_test(NAME test_broker_admin_python SOURCES test_broker_admin_python.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 180)
tideline_add_test(NAME test_broker_control_api SOURCES test_broker_control_api.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 180)
tideline_add_test(NAME test_broker_raw_wire SOURCES test_broker_raw_wire.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 120)
tideline_add_test(NAME test_broker_raw_requests SOURCES test_broker_raw_requests.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 120)

tideline_add_test(NAME test_broker_engine_rules SOURCES test_broker_engine_rules.cpp
    LIBS tideline_broker_core LABELS unit)
tideline_add_test(NAME test_broker_replication_faults SOURCES test_broker_replication_faults.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 240)
tideline_add_test(NAME test_broker_reassignment SOURCES test_broker_reassignment.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 120)
tideline_add_test(NAME test_producer_state SOURCES test_producer_state.cpp
    LIBS tideline_broker_core LABELS unit)
tideline_add_test(NAME test_broker_idempotence SOURCES test_broker_idempotence.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 300)
tideline_add_test(NAME test_broker_configs SOURCES test_broker_configs.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 240)
target_compile_definitions(test_broker_configs PRIVATE TIDELINE_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
tideline_add_test(NAME test_broker_sasl SOURCES test_broker_sasl.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 240)
tideline_add_test(NAME test_broker_leader_admin SOURCES test_broker_leader_admin.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 180)

# Consumer groups: the coordinator against kcat, raw requests and confluent-kafka-python.
tideline_add_test(NAME test_broker_groups_kcat SOURCES test_broker_groups_kcat.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 300)
tideline_add_test(NAME test_broker_groups_raw SOURCES test_broker_groups_raw.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 180)
tideline_add_test(NAME test_broker_groups_python SOURCES test_broker_groups_python.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 300)
target_compile_definitions(test_broker_groups_python
    PRIVATE TIDELINE_GROUP_SCRIPTS_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
tideline_add_test(NAME test_group_records SOURCES test_group_records.cpp LIBS tideline_broker_core LABELS unit)

# Client libraries' own flows (KafkaJS, kafka-python, confluent-kafka) driven by scripts next to
# these tests; each test starts its own broker.
tideline_add_test(NAME test_broker_kafkajs SOURCES test_broker_kafkajs.cpp
    LIBS tideline_test_broker_process LABELS interop TIMEOUT 180)
target_compile_definitions(test_broker_kafkajs
    PRIVATE TIDELINE_CLIENT_SCRIPTS_DIR="${CMAKE_CURRENT_SOURCE_DIR}")

# Replay of the golden Kafka 2.4.0 captures against tideline-broker, answer shape by answer shape.
add_library(tideline_test_capture_replay STATIC replay/capture_flow.cpp replay/answer_shape.cpp
    replay/handed_out_ids.cpp replay/capture_replayer.cpp)
target_link_libraries(tideline_test_capture_replay
    PUBLIC tideline_test_broker_process PRIVATE tideline_warnings)
tideline_add_test(NAME test_broker_capture_replay SOURCES test_broker_capture_replay.cpp
    LIBS tideline_test_capture_replay LABELS interop TIMEOUT 300)
target_compile_definitions(test_broker_capture_replay PRIVATE TIDELINE_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")

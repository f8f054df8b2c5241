# Tests of the Kafka protocol codec (broker/protocol).
set(TIDELINE_TEST_DATA_DIR "${PROJECT_SOURCE_DIR}/tests/data")

tideline_add_test(NAME test_record_batch SOURCES test_record_batch.cpp LIBS tideline_protocol LABELS unit)
target_compile_definitions(test_record_batch PRIVATE TIDELINE_TEST_DATA_DIR="${TIDELINE_TEST_DATA_DIR}")

tideline_add_test(NAME test_protocol_roundtrip SOURCES test_protocol_roundtrip.cpp
    LIBS tideline_protocol_samples LABELS unit)

tideline_add_test(NAME test_protocol_golden SOURCES test_protocol_golden.cpp LIBS tideline_protocol LABELS unit)
target_compile_definitions(test_protocol_golden PRIVATE TIDELINE_TEST_DATA_DIR="${TIDELINE_TEST_DATA_DIR}")

# A 30-second libFuzzer run of the request decoder, built by clang in its own tree.
if(TIDELINE_FUZZ)
    find_program(TIDELINE_CLANGXX NAMES clang++ clang++-14 REQUIRED)
    include(ExternalProject)
    ExternalProject_Add(protocol_fuzz
        SOURCE_DIR ${PROJECT_SOURCE_DIR}/broker/protocol/fuzz
        BINARY_DIR ${CMAKE_BINARY_DIR}/fuzz
        CMAKE_ARGS -G Ninja -DCMAKE_CXX_COMPILER=${TIDELINE_CLANGXX} -DCMAKE_BUILD_TYPE=Release
                   -DCMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER}
        BUILD_ALWAYS ON
        INSTALL_COMMAND "")
    find_package(Python3 REQUIRED COMPONENTS Interpreter)
    set(fuzz_corpus ${CMAKE_BINARY_DIR}/fuzz/corpus)
    add_test(NAME fuzz_request_decoder
        COMMAND sh -c "\"$0\" \"$1\" \"$2\" \"$3\" && \"$4\" -max_total_time=30 -timeout=10 -artifact_prefix=$3/../ -rss_limit_mb=2048 -print_final_stats=1 \"$3\""
            ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/broker/protocol/fuzz/seed_corpus.py
            ${TIDELINE_TEST_DATA_DIR}/captures ${fuzz_corpus} ${CMAKE_BINARY_DIR}/fuzz/fuzz_request_decoder)
    set_tests_properties(fuzz_request_decoder PROPERTIES LABELS unit TIMEOUT 300)
endif()

# A stand-in broker that records and decodes what real Kafka clients send (interop tests).
add_library(tideline_test_wire_peer STATIC support/wire_peer.cpp)
target_link_libraries(tideline_test_wire_peer
    PUBLIC tideline_protocol Threads::Threads PRIVATE tideline_warnings)

tideline_add_test(NAME test_client_wire_bytes SOURCES test_client_wire_bytes.cpp
    LIBS tideline_test_wire_peer PkgConfig::RDKAFKA LABELS interop TIMEOUT 240)
tideline_add_test(NAME test_client_record_batches SOURCES test_client_record_batches.cpp
    LIBS tideline_test_wire_peer PkgConfig::RDKAFKA LABELS interop TIMEOUT 240)

tideline_add_test(NAME test_protocol_catalog SOURCES test_protocol_catalog.cpp LIBS tideline_protocol LABELS unit)

tideline_add_test(NAME test_protocol_bad_input SOURCES test_protocol_bad_input.cpp LIBS tideline_protocol LABELS unit)

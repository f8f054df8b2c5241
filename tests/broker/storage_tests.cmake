# Tests of the on-disk partition log (broker/storage). They work on real files in temporary directories.
set(TIDELINE_TEST_DATA_DIR "${PROJECT_SOURCE_DIR}/tests/data")

foreach(test_name test_partition_log test_partition_log_recovery test_partition_log_maintenance test_storage_files
        test_partition_log_lazy_open test_partition_log_replica)
    tideline_add_test(NAME ${test_name} SOURCES ${test_name}.cpp storage_test_support.h
        LIBS tideline_broker_storage LABELS unit)
    target_compile_definitions(${test_name} PRIVATE TIDELINE_TEST_DATA_DIR="${TIDELINE_TEST_DATA_DIR}")
endforeach()

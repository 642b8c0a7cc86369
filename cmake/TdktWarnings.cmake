# Strict warnings for the project's own code. Generated code (protobuf, gRPC) does not call this.
function(tdkt_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
endfunction()

# TRUSTSCORE_SANITIZE: a comma-separated -fsanitize= list (the asan preset sets
# "address,undefined", the tsan preset "thread"), applied to everything built.
# TRUSTSCORE_SANITIZE_EXCLUDE: checks of that list to leave out (-fno-sanitize=).
# The asan preset leaves out UBSan's per-access pointer checks (alignment,
# null, object-size, pointer-overflow, vptr): AddressSanitizer already checks
# every access (a null or out-of-bounds one is reported with its stack), and
# together they made each test file about 2.3x slower to compile at -O1
# (test_kernel.cpp: 67 s of CPU with them, 29 s without; any one of them
# alone left out saved under 10%). The fuzz preset keeps the full set.
set(TRUSTSCORE_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
set(TRUSTSCORE_SANITIZE_EXCLUDE "" CACHE STRING "Checks of TRUSTSCORE_SANITIZE to leave out")
if(TRUSTSCORE_SANITIZE)
  add_compile_options(-fsanitize=${TRUSTSCORE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${TRUSTSCORE_SANITIZE})
  if(TRUSTSCORE_SANITIZE_EXCLUDE)
    add_compile_options(-fno-sanitize=${TRUSTSCORE_SANITIZE_EXCLUDE})
  endif()
endif()

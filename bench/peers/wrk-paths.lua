-- wrk script for bench/bench-serve: each request takes the next path of a
-- file (one a line, already percent-encoded), round-robin, with a bearer
-- token. Usage: wrk -s wrk-paths.lua URL -- PATHS_FILE TOKEN
local paths, i, token = {}, 0, ""

function init(args)
    for line in io.lines(args[1]) do
        if line ~= "" then paths[#paths + 1] = line end
    end
    token = args[2] or ""
    -- threads start at different offsets so they do not ask in lockstep
    i = math.random(#paths) - 1
end

function request()
    i = i % #paths + 1
    return wrk.format("GET", paths[i], { ["Authorization"] = "Bearer " .. token })
end

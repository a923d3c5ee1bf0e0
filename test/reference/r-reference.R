# Reference forecasts from R's forecast package for test/forecasting/r-reference.test.ts, written to test/reference/r/.
# Regenerate from the repository root: Rscript test/reference/r-reference.R
# Each series is fitted on all but its last 12 months and forecast 12 months ahead (the held-out year).
suppressPackageStartupMessages(library(forecast))
out <- "test/reference/r"
dir.create(out, recursive = TRUE, showWarnings = FALSE)
series <- list(AirPassengers = AirPassengers, nottem = nottem)
h <- 12
models <- data.frame()
points <- data.frame()
for (name in names(series)) {
  x <- series[[name]]
  n <- length(x)
  train <- window(x, end = time(x)[n - h])
  start <- sprintf("%04d-%02d", start(x)[1], start(x)[2])
  write.csv(data.frame(t = seq_len(n), value = as.numeric(x)), file.path(out, paste0(name, ".csv")), row.names = FALSE)
  e <- ets(train)
  a <- auto.arima(train)
  th <- thetaf(train, h = h)
  o <- arimaorder(a)
  models <- rbind(models, data.frame(
    series = name, start = start, n_train = n - h,
    ets_error = e$components[1], ets_trend = paste0(e$components[2], ifelse(e$components[4] == "TRUE", "d", "")),
    ets_season = e$components[3],
    p = o[["p"]], d = o[["d"]], q = o[["q"]],
    P = ifelse(is.na(o["P"]), 0, o["P"]), D = ifelse(is.na(o["D"]), 0, o["D"]), Q = ifelse(is.na(o["Q"]), 0, o["Q"]),
    arima_drift = "drift" %in% names(coef(a))
  ))
  fe <- forecast(e, h = h)
  fa <- forecast(a, h = h)
  points <- rbind(points, data.frame(
    series = name, h = seq_len(h), actual = as.numeric(x[(n - h + 1):n]),
    ets = as.numeric(fe$mean), ets_lo80 = as.numeric(fe$lower[, 1]), ets_hi80 = as.numeric(fe$upper[, 1]),
    arima = as.numeric(fa$mean), theta = as.numeric(th$mean)
  ))
}
write.csv(models, file.path(out, "models.csv"), row.names = FALSE)
write.csv(points, file.path(out, "points.csv"), row.names = FALSE, quote = FALSE)
cat("R", R.version$major, ".", R.version$minor, " forecast ", as.character(packageVersion("forecast")), "\n", sep = "")

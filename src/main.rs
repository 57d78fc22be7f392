use clap::Parser;
use phusong::cli::Finished;

/// Exit status when the outputs were written but some sample logs could not be read.
const EXIT_IN_PART: u8 = 3;

fn main() -> std::process::ExitCode {
    let cli = phusong::cli::Cli::parse();
    let lang = cli.lang();
    match phusong::cli::run(cli) {
        Ok(Finished::Whole) => std::process::ExitCode::SUCCESS,
        Ok(Finished::InPart) => std::process::ExitCode::from(EXIT_IN_PART),
        Err(e) => {
            let word = match lang {
                phusong::lang::Lang::Vi => "lỗi",
                phusong::lang::Lang::En => "error",
            };
            eprintln!("{word}: {}", phusong::cli::error_text(&e, lang));
            std::process::ExitCode::FAILURE
        }
    }
}

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = phusong::cli::Cli::parse();
    match phusong::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

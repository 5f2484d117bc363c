//! `nodus`: the command-line entry of the runtime.

use nodus::cli::{self, Action};

fn main() {
    nodus::init_process();
    let args: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let mut v8_knows = |flag: &str| nodus::set_v8_flag(flag);
    let parsed = cli::parse(&args, &mut v8_knows).and_then(|action| match std::env::var("NODE_OPTIONS") {
        Ok(options) => cli::apply_node_options(action, &options, &mut v8_knows),
        Err(_) => Ok(action),
    });
    let code = match parsed {
        Err(err) => {
            eprintln!("{}: {err}", program_name());
            9
        }
        Ok(Action::Version) => {
            println!("v{}", nodus::build_info::NODUS_VERSION);
            0
        }
        Ok(Action::Versions) => {
            println!("{}", nodus::versions_json());
            0
        }
        Ok(Action::Help) => {
            print!("{}", cli::USAGE);
            0
        }
        Ok(Action::V8Options) => nodus::print_v8_options(),
        Ok(Action::Run(options)) => match load_env_files(&options.env_files) {
            Ok(()) => nodus::run(&options),
            Err(file) => {
                eprintln!("{}: {file}: not found", program_name());
                9
            }
        },
    };
    std::process::exit(code);
}

/// `--env-file`: variables already in the environment win, as in Node.
fn load_env_files(files: &[String]) -> Result<(), String> {
    for file in files {
        let text = std::fs::read_to_string(file).map_err(|_| file.clone())?;
        for (key, value) in cli::parse_env_file(&text) {
            if std::env::var_os(&key).is_none() && !key.contains('\0') && !value.contains('\0') {
                // SAFETY: no other thread runs yet (V8 and tokio start later).
                unsafe { std::env::set_var(key, value) };
            }
        }
    }
    Ok(())
}

/// The program as it was run (`argv[0]`), which Node names in its
/// command-line errors.
fn program_name() -> String {
    std::env::args_os().next().map_or_else(|| "nodus".to_owned(), |a| a.to_string_lossy().into_owned())
}

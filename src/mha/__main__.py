from mha.cli import main

raise SystemExit(main())

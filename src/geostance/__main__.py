from geostance.cli import main

main()
